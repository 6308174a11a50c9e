"""A local stand-in for the Azure Functions host: the app's HTTP functions and blob trigger on one port."""
