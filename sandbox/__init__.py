"""A dynamic SP-API sandbox for cancellations (docs/sandbox.md): the simulator's orders served as
Amazon's Orders and Feeds APIs, ``python -m sandbox serve``.

``world`` the simulation as a plain class (``orders``, ``races``), ``feeds`` the feed desk,
``account`` what happened to the seller's account, ``wire`` Amazon's shapes, ``app`` the routes
(``api_orders``, ``api_feeds``, ``service``, ``throttle``, ``notify``), ``cli`` the command.
"""
