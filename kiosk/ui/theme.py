"""Colours, sizes and the style sheet. Every text/background pair used is listed in PAIRS so a
test can hold each to the 4.5:1 contrast minimum (WCAG 2.x AA)."""

from __future__ import annotations

FONT_FAMILY = "Noto Sans CJK JP"
TOUCH_MIN_PX = 80
# A style sheet's min-height is the content's: padding (4 + 4) and border (2 + 2) come on top, so
# a button's whole target is TOUCH_MIN_PX, not 12 px more than it (which cost 720 px screens
# their keypad's bottom row).
BUTTON_FRAME_PX = 12
LARGE_SCALE = 1.3

INK = "#1a1a1a"
PAPER = "#ffffff"
MUTED = "#4a4f55"
PRIMARY = "#0b5cad"
PRIMARY_TEXT = "#ffffff"
SECONDARY_BG = "#eef3f9"
SECONDARY_TEXT = "#0b4a8c"
ALERT = "#a8001c"
ALERT_BG = "#fff1f1"
DISABLED_BG = "#e4e6e9"
DISABLED_TEXT = "#50555b"
BAR_BG = "#0d2b4e"
BAR_TEXT = "#ffffff"
STEP_NEXT_BG = "#f1f3f5"
# The USB keypad's focus (kiosk.ui.keys): a yellow button in a thick ink frame, unlike any other
# state of any button, so a patient with low vision sees which choice Enter will press.
FOCUS_BG = "#ffd400"
FOCUS_FRAME_PX = 6

# (text, background) pairs as they appear on screen.
PAIRS: dict[str, tuple[str, str]] = {
    "body": (INK, PAPER),
    "note": (MUTED, PAPER),
    "primary button": (PRIMARY_TEXT, PRIMARY),
    "secondary button": (SECONDARY_TEXT, SECONDARY_BG),
    "disabled button": (DISABLED_TEXT, DISABLED_BG),
    "alert": (ALERT, ALERT_BG),
    "alert on paper": (ALERT, PAPER),
    "top bar": (BAR_TEXT, BAR_BG),
    "chosen language": (BAR_BG, BAR_TEXT),
    "step now": (PRIMARY_TEXT, PRIMARY),
    "step done": (SECONDARY_TEXT, SECONDARY_BG),
    "step next": (MUTED, STEP_NEXT_BG),
    "keypad focus": (INK, FOCUS_BG),
}


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def style_sheet(large: bool) -> str:
    k = LARGE_SCALE if large else 1.0

    def px(n: float) -> str:
        return f"{round(n * k)}px"

    return f"""
    QWidget {{ font-family: "{FONT_FAMILY}"; color: {INK}; background: {PAPER};
        font-size: {px(24)}; }}
    QLabel#title {{ font-size: {px(36)}; font-weight: bold; }}
    QLabel#note {{ color: {MUTED}; }}
    QLabel#alert {{ color: {ALERT}; background: {ALERT_BG}; padding: 8px; font-weight: bold; }}
    QLabel#mask {{ font-size: {px(48)}; letter-spacing: 8px; }}
    QLabel#hint {{ font-size: {px(30)}; font-weight: bold; }}
    QLabel#terms {{ color: {MUTED}; font-size: {px(20)}; }}
    QLabel#step {{ font-size: 20px; font-weight: bold; padding: 6px 4px; border-radius: 8px;
        color: {MUTED}; background: {STEP_NEXT_BG}; }}
    QLabel#step[phase="now"] {{ color: {PRIMARY_TEXT}; background: {PRIMARY}; }}
    QLabel#step[phase="done"] {{ color: {SECONDARY_TEXT}; background: {SECONDARY_BG}; }}
    QProgressBar {{ border: 2px solid {SECONDARY_TEXT}; border-radius: 8px; background: {PAPER}; }}
    QProgressBar::chunk {{ background: {PRIMARY}; border-radius: 6px; }}

    QWidget#bar, QWidget#bar QLabel {{ background: {BAR_BG}; color: {BAR_TEXT}; }}
    QLabel#clinic_name {{ font-size: 28px; font-weight: bold; }}
    QLabel#reminder, QLabel#other_device {{ background: {ALERT_BG}; color: {ALERT};
        font-size: {px(30)};
        font-weight: bold; padding: 12px; }}
    QPushButton {{ min-height: {TOUCH_MIN_PX - BUTTON_FRAME_PX}px;
        min-width: {TOUCH_MIN_PX - BUTTON_FRAME_PX}px; padding: 4px 24px; border-radius: 12px;
        font-size: {px(26)}; font-weight: bold;
        color: {SECONDARY_TEXT}; background: {SECONDARY_BG}; border: 2px solid {SECONDARY_TEXT}; }}
    QPushButton[kind="primary"] {{ color: {PRIMARY_TEXT}; background: {PRIMARY};
        border: 2px solid {PRIMARY}; }}
    QPushButton[kind="edit"] {{ padding: 4px 6px; }}
    QPushButton[kind="key"] {{ font-size: {px(36)}; min-width: 110px; }}
    QPushButton[kind="bar"] {{ color: {BAR_TEXT}; background: {BAR_BG};
        border: 2px solid {BAR_TEXT}; font-size: {px(22)}; }}
    QPushButton[kind="bar_on"] {{ color: {BAR_BG}; background: {BAR_TEXT};
        border: 2px solid {BAR_TEXT}; font-size: {px(22)}; }}
    QPushButton[kind="corner"] {{ background: {BAR_BG}; border: none; padding: 0;
        min-width: 90px; min-height: {TOUCH_MIN_PX}px; }}
    QPushButton:disabled {{ color: {DISABLED_TEXT}; background: {DISABLED_BG};
        border: 2px solid {DISABLED_BG}; }}
    QPushButton[keyfocus="true"] {{ color: {INK}; background: {FOCUS_BG};
        border: {FOCUS_FRAME_PX}px solid {INK}; padding: 0px 20px; }}
    QPushButton[kind="edit"][keyfocus="true"] {{ padding: 0px 2px; }}
    """
