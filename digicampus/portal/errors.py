class PortalError:
    """Stable codes of the portal app's business refusals."""

    TOPIC_LOCKED = "topic_locked"
    POST_REMOVED = "post_removed"
    BAD_AUDIENCE = "board_audience_invalid"
    NOT_FIRST_POST = "not_first_post"
    BAD_STATE = "article_state_invalid"
    BAD_COLUMN = "article_column_invalid"
    SITE_EXISTS = "site_exists"
    BAD_IMAGE = "article_image_invalid"
    ROLE_OUTSIDE = "site_role_outside_school"
