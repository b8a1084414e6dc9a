"""The Reference group of the navigation: the rulebook page."""
