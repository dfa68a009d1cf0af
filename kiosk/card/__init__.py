"""The My Number Card: APDUs and BER-TLV, the card's applications (JPKI, 券面入力補助AP, 券面AP),
the PC/SC reader and its monitor, and the virtual card (in-process or behind vpcd).

Only :mod:`kiosk.card.pcsc` and :mod:`kiosk.sim.reader_stack` import pyscard. See docs/card.md.
"""
