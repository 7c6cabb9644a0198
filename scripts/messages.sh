#!/usr/bin/env bash
# Extract translatable strings into locale/{da,sv,fi}/LC_MESSAGES/django{,js}.po of the project in
# the current directory. `make messages` runs it in the working tree; check_translations.py
# runs it in a throw-away copy. Catalogues are kept without source locations so diffs stay small.
set -euo pipefail
python=${PYTHON:-.venv/bin/python}
common=(
    --locale=da --locale=sv --locale=fi --no-location --no-obsolete
    --ignore=.venv --ignore=.tools --ignore=.git --ignore=var --ignore=docs
    --ignore=bench --ignore=test-report --ignore=node_modules
    --ignore='omkreds/static/vendor/*'
)
export DEBUG=1
"$python" manage.py makemessages --domain=django --extension=html,txt,py,ics "${common[@]}"
"$python" manage.py makemessages --domain=djangojs --extension=js,mjs "${common[@]}"
