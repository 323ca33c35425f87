package observation

// Log field and span attribute keys of the per-recipient results and the balance (a contract:
// dashboards and log queries use them). The logging and tracing packages both write them.
const (
	// KeyRecipients is the number of recipient results a batch reply carried (Recipients.Seen).
	KeyRecipients = "ucpaas.recipients"
	// KeyRecipientsFailed is how many of them did not succeed (Recipients.Failed).
	KeyRecipientsFailed = "ucpaas.recipients_failed"
	// KeyRecipientCodes lists the distinct failing recipient codes (Recipients.FailingCodes), at
	// most MaxRecipientCodes+1; never a phone number.
	KeyRecipientCodes = "ucpaas.recipient_codes"
	// KeyRecipientsTruncated is true when the report was cut off (Recipients.Truncated); absent
	// otherwise.
	KeyRecipientsTruncated = "ucpaas.recipients_truncated"
	// KeyBalance is the account balance in yuan an account-info reply carried.
	KeyBalance = "ucpaas.balance"
)
