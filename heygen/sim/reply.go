package sim

import (
	"encoding/json"
	"net/http"
	"strings"
)

// errorBody is HeyGen's error envelope.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Param   string `json:"param,omitempty"`
	DocURL  string `json:"doc_url,omitempty"`
}

// docURL follows the documented pattern: #<code with hyphens>.
func docURL(code string) string {
	return "https://developers.heygen.com/docs/error-codes#" + strings.ReplaceAll(code, "_", "-")
}

func errReply(status int, code, message, param string) reply {
	return jsonReply(status, errorBody{Error: errorDetail{Code: code, Message: message, Param: param, DocURL: docURL(code)}})
}

func invalidParam(param, message string) reply {
	return errReply(http.StatusBadRequest, "invalid_parameter", message, param)
}

func jsonReply(status int, v any) reply {
	b, err := json.Marshal(v)
	if err != nil {
		// Only simulator-built values are marshalled; failing here is a bug in the simulator.
		b = []byte(`{"error":{"code":"internal_error","message":"simulator could not encode its reply"}}`)
		status = http.StatusInternalServerError
	}
	rep := reply{status: status, body: b}
	rep.header().Set("Content-Type", "application/json")
	return rep
}

// dataReply wraps v in the success envelope {"data": v}.
func dataReply(v any) reply { return jsonReply(http.StatusOK, map[string]any{"data": v}) }

func notFound(code, message string) reply { return errReply(http.StatusNotFound, code, message, "") }
