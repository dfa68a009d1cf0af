"""Clinic reception kiosk for the health-insurance use of the My Number Card (マイナ保険証)."""

__version__ = "0.1.0"
