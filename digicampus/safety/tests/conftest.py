import pytest

from digicampus.messaging.models import Conversation, ConversationMessage


@pytest.fixture
def message_of(district):
    """A saved message the parent wrote to the teacher, as any content an app would save."""

    def make(body: str, author=None) -> ConversationMessage:
        conversation, _ = Conversation.objects.get_or_create(
            parent=district.parent,
            teacher=district.teacher,
            student=district.student,
            defaults={"school": district.school},
        )
        return ConversationMessage.objects.create(
            conversation=conversation, author=author or district.parent, body=body
        )

    return make
