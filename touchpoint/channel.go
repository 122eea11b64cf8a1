package touchpoint

// Channel is the medium through which a customer meets the business. The
// predefined channels are constants; a host may use its own (for example
// "kiosk" or "whatsapp") as long as the name is well formed (see
// [Channel.Validate]). The string form is stable: it is what JSON and the SQL
// adapter store. The zero value is not a valid channel.
type Channel string

// The predefined channels.
const (
	Store  Channel = "store"  // a physical shop or branch
	Web    Channel = "web"    // the web site
	Phone  Channel = "phone"  // a call, inbound or outbound
	Email  Channel = "email"  // an e-mail exchange
	Chat   Channel = "chat"   // live chat or a chat bot
	App    Channel = "app"    // the mobile app
	Social Channel = "social" // social media
)

// Channels returns the predefined channels in a fixed order.
func Channels() []Channel {
	return []Channel{Store, Web, Phone, Email, Chat, App, Social}
}

// ParseChannel returns s as a Channel after checking its syntax. It accepts
// host-defined names as well as the predefined ones.
func ParseChannel(s string) (Channel, error) {
	c := Channel(s)
	if err := c.Validate(); err != nil {
		return "", err
	}
	return c, nil
}

// Validate reports whether c is a well-formed channel name: 1 to 64 bytes, a
// lowercase ASCII letter first, then lowercase letters, digits, '_', '-' or
// '.'. It returns a [*ValidationError] otherwise.
func (c Channel) Validate() error { return checkName("channel", string(c)) }

// Predefined reports whether c is one of the channels cem defines.
func (c Channel) Predefined() bool {
	switch c {
	case Store, Web, Phone, Email, Chat, App, Social:
		return true
	}
	return false
}

// String returns the channel's name.
func (c Channel) String() string { return string(c) }

// MarshalText implements [encoding.TextMarshaler]; it fails on a malformed
// channel so that bad values never reach JSON or SQL.
func (c Channel) MarshalText() ([]byte, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return []byte(c), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] and validates the name.
func (c *Channel) UnmarshalText(b []byte) error {
	v, err := ParseChannel(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}
