"""Press a button of the running kiosk through the accessibility bus (AT-SPI), as a screen
reader or switch-access device would: `python3 a11y_press.py TIMEOUT NAME [NAME…]` presses, in
turn, the first showing push button whose accessible name is NAME, waiting up to TIMEOUT seconds
for each to appear. Exit 0 when all were pressed, 1 (with what was showing) when one never
appeared.

Runs under Debian's /usr/bin/python3 with python3-pyatspi (not in the project's venv: pyatspi
comes from GObject introspection), so it drives the kiosk from outside its process — the frozen
image included — through the same D-Bus interface assistive technology uses.
"""

import sys
import time

import pyatspi


def showing_buttons(node, depth=0):
    if node is None or depth > 20:
        return
    try:
        states = node.getState()
        if not states.contains(pyatspi.STATE_SHOWING):
            return
        if node.getRole() == pyatspi.ROLE_PUSH_BUTTON:
            yield node
        children = [node.getChildAtIndex(i) for i in range(node.childCount)]
    except Exception:  # the tree changes under us while screens switch
        return
    for child in children:
        yield from showing_buttons(child, depth + 1)


def all_showing():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is None:
            continue
        for j in range(app.childCount):
            yield from showing_buttons(app.getChildAtIndex(j))


def press(name, timeout):
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        buttons = list(all_showing())
        seen = [b.name for b in buttons]
        for button in buttons:
            if button.name == name and button.getState().contains(pyatspi.STATE_ENABLED):
                button.queryAction().doAction(0)
                return True, seen
        time.sleep(0.2)
    return False, seen


def main(argv):
    timeout = float(argv[0])
    for name in argv[1:]:
        ok, seen = press(name, timeout)
        if not ok:
            print(f"no showing button {name!r}; showing: {seen}", flush=True)
            return 1
        print(f"pressed {name!r}", flush=True)
        time.sleep(0.3)  # let the press land before looking for the next screen's button
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
