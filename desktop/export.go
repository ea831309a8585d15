package desktop

import (
	"github.com/codebench/codebench/app/export"
	"github.com/codebench/codebench/views"
)

// Export is File → Export…: the billing export of app/export over the
// signed-in coding service, which also writes it to the audit trail.
func (s session) Export(r views.ExportRequest) (views.ExportResult, error) {
	f, err := export.ParseFormat(r.Format)
	if err != nil {
		return views.ExportResult{}, err
	}
	res, err := export.ToFile(s.Coding, s.Coding, export.Request{Format: f, Path: r.Path,
		Filter: export.Filter{Status: r.Status, From: r.From, To: r.To}})
	return views.ExportResult{Records: res.Records, Codes: res.Codes, Uncoded: res.Uncoded, Demo: res.Demo}, err
}
