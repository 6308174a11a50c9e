"""Named errors of the recognizer; each carries a stable code the API maps to a sentence."""


class RecognizeError(Exception):
    """Recognition could not produce items for this input."""

    code = "recognize_failed"


class UnsupportedImage(RecognizeError):
    """The bytes are not a PNG, JPEG, WebP or HEIC image (or PDF where allowed)."""

    code = "unsupported_type"


class CorruptImage(RecognizeError):
    """The image is truncated or cannot be decoded."""

    code = "corrupt_image"


class ImageTooLarge(RecognizeError):
    """The image has too many pixels or an absurd side (decompression bomb guard)."""

    code = "image_too_large"


class NoPaymentFound(RecognizeError):
    """The screenshot shows no payment we could read."""

    code = "no_payment_found"


class EngineUnavailable(RecognizeError):
    """The configured engine cannot run here (missing package or settings)."""

    code = "engine_unavailable"


class ModelRefused(RecognizeError):
    """The language model refused or its answer did not fit the schema."""

    code = "model_refused"


class ModelTimeout(RecognizeError):
    """The language model did not answer within the deadline."""

    code = "model_timeout"
