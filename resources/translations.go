package resources

import (
	"context"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/tools"
)

// TranslationURI is the resource URI of a video translation.
func TranslationURI(videoTranslationID string) string { return translationPrefix + videoTranslationID }

func (r *registry) addTranslationTemplate(s *server.MCPServer) {
	s.AddResourceTemplate(mcp.NewResourceTemplate(TranslationTemplate, "HeyGen video translation",
		mcp.WithTemplateDescription("A video translation (one output language): status, output_language, video_url, audio and caption URLs once completed, failure_message when failed. Subscribe for updates."),
		mcp.WithTemplateMIMEType(mimeJSON)), r.readTranslation)
}

// readTranslation serves heygen://video-translations/{video_translation_id}:
// exactly get_video_translation's structured result.
func (r *registry) readTranslation(ctx context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
	uri := req.Params.URI
	id, c, err := r.readTarget(ctx, uri, KindTranslation, "video translation", TranslationTemplate)
	if err != nil {
		return nil, err
	}
	t, err := c.GetVideoTranslation(ctx, id)
	if err != nil {
		return nil, readError(uri, KindTranslation, id, err)
	}
	return jsonContents(uri, tools.NewTranslationResult(t))
}
