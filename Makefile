# Shortcuts; each target is a script in scripts/ (fresh machines may lack make: call the scripts).
.PHONY: setup demo test package lint screenshots desktop-screenshot
setup:
	bash scripts/setup.sh
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
package:
	bash scripts/package.sh
lint:
	bash scripts/setup.sh && .venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy --follow-imports=silent --explicit-package-bases core

screenshots:
	bash scripts/setup.sh && QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py

desktop-screenshot:
	bash scripts/setup.sh && .venv/bin/python scripts/screenshot.py
