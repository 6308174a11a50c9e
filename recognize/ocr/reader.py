"""The rapidocr wrapper: the bundled models pinned (nothing is ever downloaded), one engine per process built
lazily under a lock, and image → `Box`es in the original pixel space.
"""

from __future__ import annotations

import threading
from pathlib import Path

from recognize.errors import EngineUnavailable
from recognize.ocr.geometry import Box

DET_MODEL = "PP-OCRv6_det_small.onnx"


REC_MODEL = "PP-OCRv6_rec_small.onnx"


CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"


# Screenshots are wider than OCR needs: 14 dp text on a 360 dp phone is ~28 px tall at 720 px wide, which the
# recognizer (crops scaled to 48 px high) reads well. Detection only has to find the lines, and its cost grows
# with the pixel count, so it runs at 432 px wide (12 dp text is still ~14 px there), whatever the height:
# long scrolling screenshots keep the same text size instead of shrinking to fit a fixed side limit.
OCR_WIDTH = 720


DET_WIDTH = 432


_engine = None


_engine_lock = threading.Lock()


_run_lock = threading.Lock()


def model_dir() -> Path:
    """The directory of the model files bundled in the rapidocr wheel."""
    import rapidocr

    return Path(rapidocr.__file__).resolve().parent / "models"


def engine_params() -> dict:
    """RapidOCR params pinning every model to its bundled file (no download path can trigger)."""
    models = model_dir()
    return {
        "Global.log_level": "warning",
        "Global.model_root_dir": str(models),
        # Screenshots are upright; the angle classifier would only cost time.
        "Global.use_cls": False,
        # Long scrolling screenshots stay at OCR_WIDTH; detection size is set per image (set_detection_size).
        "Global.max_side_len": 8000,
        "Det.model_path": str(models / DET_MODEL),
        "Det.limit_type": "max",
        "Det.limit_side_len": 960,
        "Rec.model_path": str(models / REC_MODEL),
        "Cls.model_path": str(models / CLS_MODEL),
        "EngineConfig.onnxruntime.intra_op_num_threads": 2,
        # The arena reuses buffers between the many small recognition batches (~10% less CPU per screenshot).
        "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,
    }


def get_engine():
    """Build the RapidOCR engine once per process and return it."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                try:
                    from rapidocr import RapidOCR
                except ImportError as exc:
                    raise EngineUnavailable(
                        "rapidocr is not installed (pip install -r requirements-local.txt)"
                    ) from exc
                for name in (DET_MODEL, REC_MODEL):
                    if not (model_dir() / name).is_file():
                        raise EngineUnavailable(f"bundled OCR model {name} is missing")
                _engine = RapidOCR(params=engine_params())
    return _engine


def prepare(image):
    """Downscale wide screenshots to OCR_WIDTH; returns (BGR array, factor back to original pixels)."""
    import numpy as np

    factor = 1.0
    if image.width > OCR_WIDTH:
        factor = image.width / OCR_WIDTH
        image = image.resize((OCR_WIDTH, round(image.height / factor)))
    return np.asarray(image)[:, :, ::-1].copy(), factor


def set_detection_size(engine, width: int, height: int) -> None:
    """Make detection run DET_WIDTH wide for this image (rapidocr reads the limit from its detector per call)."""
    load = getattr(engine, "_load_det_model", None)
    detector = load() if load else None
    if detector is not None and hasattr(detector, "limit_side_len"):
        scale = min(1.0, DET_WIDTH / width)
        detector.limit_side_len = max(32, round(max(width, height) * scale))


def read_boxes(image) -> list:
    """Run OCR on a Pillow image and return `layouts.Box`es in the original pixel space."""
    array, factor = prepare(image)
    engine = get_engine()
    # onnxruntime sessions are thread-safe, but rapidocr mutates per-call state on the engine object.
    with _run_lock:
        set_detection_size(engine, array.shape[1], array.shape[0])
        result = engine(array)
    if result.txts is None or result.boxes is None:
        return []
    boxes = []
    for text, score, points in zip(result.txts, result.scores, result.boxes, strict=False):
        xs = [p[0] * factor for p in points]
        ys = [p[1] * factor for p in points]
        boxes.append(Box(text=text, score=float(score), x0=min(xs), y0=min(ys), x1=max(xs), y1=max(ys)))
    return boxes
