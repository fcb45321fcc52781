# Shortcuts; each target is a script in scripts/ (fresh machines may lack make: call the scripts).
.PHONY: setup demo test package lint screenshots desktop-screenshot translations qm
setup:
	bash scripts/setup.sh
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
package:
	bash scripts/package.sh
lint:
	bash scripts/setup.sh && bash scripts/lint.sh

screenshots:
	bash scripts/setup.sh && QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py

desktop-screenshot:
	bash scripts/setup.sh && .venv/bin/python scripts/screenshot.py

# Refresh i18n/*.ts from the sources (pylupdate5), then list what is left to translate.
translations:
	bash scripts/i18n.sh update
# Compile i18n/*.ts to i18n/*.qm (for a plugin run from a checkout; the package script does it too).
qm:
	bash scripts/i18n.sh release
