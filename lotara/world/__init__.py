"""Travel data: the provider interface, the embedded offline world and live providers."""
