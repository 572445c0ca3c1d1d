package heygen

// Client is HeyGen's v3 REST client. Placeholder: the full client replaces this file.
type Client struct{}
