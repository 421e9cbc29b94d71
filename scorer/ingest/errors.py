"""The one exception every reader raises: a plain-language reason, shown to reviewers as is."""


class ReadError(Exception):
    """A submission that cannot be read, with a plain-language reason in Chinese."""
