"""The vectorised engine: order streams, the policy plan, its application, rolling metrics."""
