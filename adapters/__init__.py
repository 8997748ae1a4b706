"""Legacy adapters: one package per still-live system, plus their simulator."""
