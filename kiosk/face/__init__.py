"""Face verification: camera sources (the face camera and the card-front camera),
detection/encoding, match policy, liveness, hints."""
