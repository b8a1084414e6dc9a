"""The Simulate group: gallery, policy lab, replay."""
