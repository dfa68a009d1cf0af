"""Qt parts that only development uses: the demo driver that clicks the real window, the
screenshot renderer, an offline window without devices, and the tests' file control. They drive
kiosk.ui from outside, beside the simulators (kiosk.sim): no product module imports them (an
import-linter contract in pyproject.toml), and the kiosk image leaves them out."""
