class MessagingError:
    """Stable codes of the messaging app's business refusals."""

    PRIVATE_KIND = "entry_kind_private"
    NO_RECIPIENTS = "no_recipients"
    ALREADY_CONFIRMED = "already_confirmed"
    SIGNATURE_MISMATCH = "signature_mismatch"
    NOT_A_PARENT = "not_a_parent"
    TEACHER_NOT_ALLOWED = "teacher_not_allowed"
    OUTSIDE_HOURS = "outside_hours"
