"""The ADK agent tree and the specialists that plan a trip."""
