"""Codes of the business refusals of learning spaces."""


class SpaceError:
    SEALED = "space_sealed"
    NOT_EXPORTED = "space_not_exported"
    WRONG_BUREAU = "space_wrong_bureau"
    NOT_OWNER_SPACE = "space_not_personal"
    SECTION_UNKNOWN = "space_section_unknown"
    ALREADY_MEMBER = "space_already_member"
    NOT_OPEN = "space_group_not_open"
    NOT_STUDENT = "space_not_student"
    ALREADY_SUBMITTED = "homework_already_submitted"
    SCORE_RANGE = "homework_score_range"
    NOT_IN_CLASS = "homework_not_in_class"
