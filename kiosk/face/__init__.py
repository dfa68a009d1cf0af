"""Face verification: camera sources, detection/encoding, match policy, liveness, hints."""
