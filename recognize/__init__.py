"""Image (or PDF) bytes → an `Extraction`: items with fields, per-field confidence and raw text.

Usable from a plain Python shell: no Azure Functions import here.
"""

from recognize.engine import recognize
from recognize.errors import RecognizeError
from recognize.models import FIELDS, Extraction, Item

__all__ = ["FIELDS", "Extraction", "Item", "RecognizeError", "recognize"]
