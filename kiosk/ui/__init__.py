"""The PySide6 kiosk: the only package that imports Qt."""
