#!/bin/sh
# A smoke run of the workbook in a real terminal (tmux), for a person to read.
# Not run by pytest. Usage: tests/tmux_smoke.sh [PATH] [WIDTHxHEIGHT]
#   PATH defaults to a fresh copy of the test sample project; size defaults to 80x24.
# Needs tmux. Set PYTHON to choose the interpreter (default: python3).
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
SIZE=${2:-80x24}
W=${SIZE%x*}
H=${SIZE#*x}
SESSION=qitui-smoke-$$
if [ $# -ge 1 ] && [ -n "$1" ]; then
    TARGET=$1
else
    TARGET=$(mktemp -d)/projects
    mkdir -p "$TARGET"
    (cd "$HERE" && PYTHONPATH="$HERE" "$PYTHON" tests/helpers/sample.py "$TARGET" >/dev/null)
fi
tmux kill-session -t "$SESSION" 2>/dev/null || true
tmux new-session -d -s "$SESSION" -x "$W" -y "$H" \
    "cd '$HERE' && PYTHONPATH='$HERE' '$PYTHON' -c 'import sys; from qitui.app import make_app; make_app(sys.argv[1]).run()' '$TARGET'; sleep 2"
tmux set -t "$SESSION" escape-time 10 >/dev/null
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true' EXIT
sleep 2

step() {  # step "what" keys...
    what=$1
    shift
    for key in "$@"; do
        tmux send-keys -t "$SESSION" "$key"
        sleep 0.4
    done
    sleep 0.6
    echo "=================== $what"
    tmux capture-pane -p -t "$SESSION"
}

step "Home" ""
step "Keys of Home (?)" "?"
step "Project overview (Escape, Enter)" Escape Enter
step "Aim (a)" a
step "Back (Escape)" Escape
step "Measures (m)" m
step "A measure (Enter)" Enter
step "Point editor (a)" a
step "Close it (Escape), definition (Ctrl+N)" Escape C-n
step "Back twice, driver diagram (d)" Escape Escape d
step "Cycles of the change idea under the cursor (down x3, Enter)" Down Down Down Enter
step "The worksheet (Enter)" Enter
step "Study section (Ctrl+N x3)" C-n C-n C-n
step "q types in a text field" q
step "Escape asks about the unsaved edit" Escape
step "Discard (d), back to the overview (Escape x2), notes (n)" d Escape Escape n
step "q quits outside text fields" q
