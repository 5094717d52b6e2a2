class LibraryError:
    """Stable codes of the upload service's refusals."""

    UNKNOWN_TYPE = "file_type_not_allowed"
    TOO_LARGE = "file_too_large"
    BROKEN_IMAGE = "image_unreadable"
