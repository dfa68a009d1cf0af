"""Coaching hint codes for the UI; the UI maps each to Japanese/English words and a voice line."""

from __future__ import annotations

import enum


class Hint(enum.StrEnum):
    NO_FACE = "no_face"
    SEVERAL_FACES = "several_faces"  # no decision while more than one face is in view
    TOO_FAR = "too_far"
    TOO_CLOSE = "too_close"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"
    LOOK_AT_CAMERA = "look_at_camera"
    MASK_SUSPECTED = "mask_suspected"  # someone is there but no face is found: suggest the PIN
    BLINK = "blink"
    TURN_LEFT = "turn_left"  # the patient's own left (the camera sees the nose move right)
    TURN_RIGHT = "turn_right"
    HOLD_STILL = "hold_still"  # a good face is in view: matching is under way
    # A seated patient (a wheelchair user) under a camera mounted above seated eye height: the
    # face shows low in the frame or cut by its bottom edge. Stay seated, raise the face to the
    # camera (issue 26 item 4).
    SEATED_LOOK_UP = "seated_look_up"
    # The card-front reader's (kiosk.card.front), shown while 照合番号B is read:
    CARD_GLARE = "card_glare"  # a lamp's reflection over a printed field: tilt or move the card
    CARD_GLARE_TRAY = "card_glare_tray"  # the same on the tray: slide it, keep it on the reader
    SHOW_CARD_FRONT = "show_card_front"  # one camera for both: hold the card's front up to it
