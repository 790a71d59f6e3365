package apple

// The dictionaries of the profile. Field names are Apple's key names (see
// Apple's schema, copied under testdata/apple-schema/); the encoder sorts
// keys byte-wise. Every field is either always set or marked omitempty: a
// nil pointer without omitempty would write a <key> with no value.

// MailPayloadType is the PayloadType of the mail account payload.
const MailPayloadType = "com.apple.mail.managed"

// configuration is the top-level (TopLevel) dictionary.
type configuration struct {
	PayloadContent      []mailPayload
	PayloadDescription  string
	PayloadDisplayName  string
	PayloadIdentifier   string
	PayloadOrganization string `plist:",omitempty"`
	PayloadScope        string
	PayloadType         string
	PayloadUUID         string
	PayloadVersion      int
}

// mailPayload is one com.apple.mail.managed payload.
type mailPayload struct {
	EmailAccountDescription string
	EmailAccountName        string `plist:",omitempty"` // without it, Mail shows the address
	EmailAccountType        string
	EmailAddress            string

	IncomingMailServerAuthentication string
	IncomingMailServerHostName       string
	IncomingMailServerPortNumber     int
	// UseSSL defaults to false when absent, so it is a pointer: written
	// always, false included.
	IncomingMailServerUseSSL   *bool
	IncomingMailServerUsername string

	OutgoingMailServerAuthentication       string
	OutgoingMailServerHostName             string
	OutgoingMailServerPortNumber           int
	OutgoingMailServerUseSSL               *bool
	OutgoingMailServerUsername             string
	OutgoingPasswordSameAsIncomingPassword bool `plist:",omitempty"`

	PayloadDescription string
	PayloadDisplayName string
	PayloadIdentifier  string
	PayloadType        string
	PayloadUUID        string
	PayloadVersion     int
}
