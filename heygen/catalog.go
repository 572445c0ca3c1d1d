package heygen

import "context"

// ListStyles lists curated Video Agent styles: GET /v3/video-agents/styles.
func (c *Client) ListStyles(ctx context.Context, opts *ListStylesOptions) (*Page[Style], error) {
	if opts == nil {
		opts = &ListStylesOptions{}
	}
	q, err := opts.query(MaxListLimit)
	if err != nil {
		return nil, err
	}
	setIf(q, "tag", opts.Tag)
	return getPage[Style](ctx, c, "v3/video-agents/styles", q)
}

// ListAvatarLooks lists avatar looks; an item's id is create's avatar_id:
// GET /v3/avatars/looks. HeyGen caps limit at 50.
func (c *Client) ListAvatarLooks(ctx context.Context, opts *ListAvatarLooksOptions) (*Page[AvatarLook], error) {
	if opts == nil {
		opts = &ListAvatarLooksOptions{}
	}
	q, err := opts.query(MaxAvatarLimit)
	if err != nil {
		return nil, err
	}
	if err := oneOf("avatar_type", opts.AvatarType, "studio_avatar", "digital_twin", "photo_avatar"); err != nil {
		return nil, err
	}
	if err := oneOf("ownership", opts.Ownership, "public", "private"); err != nil {
		return nil, err
	}
	setIf(q, "group_id", opts.GroupID)
	setIf(q, "avatar_type", opts.AvatarType)
	setIf(q, "ownership", opts.Ownership)
	return getPage[AvatarLook](ctx, c, "v3/avatars/looks", q)
}

// ListVoices lists voices: GET /v3/voices.
func (c *Client) ListVoices(ctx context.Context, opts *ListVoicesOptions) (*Page[Voice], error) {
	if opts == nil {
		opts = &ListVoicesOptions{}
	}
	q, err := opts.query(MaxListLimit)
	if err != nil {
		return nil, err
	}
	if err := oneOf("type", opts.Type, "public", "private"); err != nil {
		return nil, err
	}
	setIf(q, "type", opts.Type)
	setIf(q, "engine", opts.Engine)
	setIf(q, "language", opts.Language)
	setIf(q, "gender", opts.Gender)
	return getPage[Voice](ctx, c, "v3/voices", q)
}
