class PortalError:
    """Stable codes of the portal app's business refusals."""

    TOPIC_LOCKED = "topic_locked"
    POST_REMOVED = "post_removed"
    BAD_AUDIENCE = "board_audience_invalid"
    NOT_FIRST_POST = "not_first_post"
