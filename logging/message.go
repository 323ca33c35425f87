package logging

// Messages of the entries.
const (
	// MessageClient is the message of a call the application made to the platform.
	MessageClient = "ucpaas call"
	// MessageServer is the message of an answer the application gave in the platform's format.
	MessageServer = "ucpaas answer"
)
