"""Qt parts that only development uses: the demo driver that clicks the real window, the
screenshot renderer, and an offline window without devices. Not in the kiosk image."""
