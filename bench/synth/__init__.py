"""An independent screenshot generator for evaluating the recognizer: `python -m bench.synth [dev|eval|all]`.

It shares no templates with tests/fixtures/render.py (the screens the offline rules were written against).
Apps and pages live in `pages_*.py` and `invoice.py`, the drawing surface in `canvas.py` and `widgets.py`,
the splits' seeds, devices, fonts and layout pools in `variant.py`, damage and encoding in `degrade.py`, the
truth (corpus label format) in `truth.py`, and the catalogue and generation loop in `plan.py`.
Two splits: `dev` (rules may be written while looking at it) and `eval` (other seeds, devices, fonts, names
and layout options — nobody looks at it while writing rules). Output goes to bench/out/synth/ (gitignored).
"""
