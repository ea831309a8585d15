package desktop

import (
	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/favourites"
)

// favourites is app/favourites over the signed-in store and the code
// sets as loaded now (nil while they load: codes are then marked unknown).
func (s session) favourites() *favourites.Service {
	if cs := s.Workstation().Loaded(); cs != nil {
		return favourites.New(s.Store, cs.Set)
	}
	return favourites.New(s.Store, nil)
}

// Lists gives the coding panel the favourites, recent codes and the
// patient's earlier codes for a record.
func (s session) Lists(recordID string) (favourites.Lists, error) {
	return s.favourites().Lists(recordID)
}

// Toggle stars or unstars a code for the signed-in user (Ctrl+D).
func (s session) Toggle(sys app.System, code string) (bool, error) {
	return s.favourites().Toggle(sys, code)
}
