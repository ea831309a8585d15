package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/codebench/codebench/app"
	"github.com/codebench/codebench/app/coding"
)

const noteUsage = `codebench note add ID FILE... | --text TEXT | --text -
codebench note text ID NOTE [--page N]

add   attaches notes to record ID and prints each new note's id on its own
      line. The original file is kept byte for byte. --text adds a typed note;
      --text - reads it from standard input (keeping it out of ps).
      Every file is read and checked before any is saved, so a bad file
      adds none; a file already attached (same name and content) is not
      added again, so the command can simply be run again.
text  prints a note's text (every page, separated by form feeds, or page N).`

func init() {
	register(Command{Name: "note", Summary: "add notes to a record and print their text", Usage: noteUsage, Run: runNote})
}

func runNote(env *Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: say add or text", ErrUsage)
	}
	switch args[0] {
	case "add":
		return noteAdd(env, args[1:])
	case "text":
		return noteText(env, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stdout, noteUsage)
		return nil
	}
	return fmt.Errorf("%w: unknown note command %q", ErrUsage, args[0])
}

func noteAdd(env *Env, args []string) error {
	fs := newFlags("note add")
	text := fs.String("text", "", "typed note text")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 1 || (len(pos) == 1) == (*text == "") {
		return fmt.Errorf("%w: give a record id and either files or --text", ErrUsage)
	}
	if err := readStdinFlag(env, map[string]*string{"--text": text}); err != nil {
		return err
	}
	// Read every file before unlocking, so a bad file adds nothing.
	var inputs []coding.NoteInput
	if *text != "" {
		inputs = append(inputs, coding.NoteInput{MediaType: "text/plain",
			Pages: []app.Page{{Text: *text, Source: app.SourceTyped}}, Original: []byte(*text)})
	}
	for _, path := range pos[1:] {
		pages, media, orig, err := loadNoteFile(context.Background(), env, path)
		if err != nil {
			return err
		}
		inputs = append(inputs, coding.NoteInput{FileName: filepath.Base(path), MediaType: media, Pages: pages, Original: orig})
	}
	s, err := openSession(env)
	if err != nil {
		return err
	}
	defer s.Close()
	added, err := s.Coding.AddNotes(pos[0], inputs)
	for _, a := range added {
		fmt.Fprintln(env.Stdout, a.Note.ID)
		if a.Existing {
			fmt.Fprintf(env.Stderr, "codebench note: %q is already note %s of record %s: not added again\n", a.Note.FileName, a.Note.ID, pos[0])
		}
	}
	if err != nil && len(added) > 0 {
		var saved, unsaved []string
		for _, a := range added {
			saved = append(saved, fmt.Sprintf("%q as %s", a.Note.FileName, a.Note.ID))
		}
		for _, in := range inputs[len(added):] {
			unsaved = append(unsaved, strconv.Quote(in.FileName))
		}
		return fmt.Errorf("%w; saved: %s; not saved: %s (run the same command again to add only those)",
			err, strings.Join(saved, ", "), strings.Join(unsaved, ", "))
	}
	return err
}

// loadNoteFile reads a note file into pages of text, its media type and
// its original bytes, through app/intake (text, .docx, images, multi-page
// TIFF, PDF, with OCR for scans; progress on a terminal's stderr).
func loadNoteFile(ctx context.Context, env *Env, path string) (pages []app.Page, mediaType string, original []byte, err error) {
	return intakeFile(ctx, path, envIntakeOptions(env))
}

func noteText(env *Env, args []string) error {
	fs := newFlags("note text")
	page := fs.Int("page", 0, "page number")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("%w: give a record id and a note id", ErrUsage)
	}
	s, err := openSession(env)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.Coding.Note(pos[1])
	if err != nil {
		return err
	}
	if n.RecordID != pos[0] {
		return fmt.Errorf("note %s belongs to record %s, not %s", n.ID, n.RecordID, pos[0])
	}
	if _, err := s.ReadNote(n.ID, *page); err != nil {
		return err
	}
	if *page != 0 {
		if *page < 1 || *page > len(n.Pages) {
			return fmt.Errorf("note %s has %s", n.ID, plural(len(n.Pages), "page"))
		}
		fmt.Fprintln(env.Stdout, strings.TrimRight(n.Pages[*page-1].Text, "\n"))
		return nil
	}
	fmt.Fprintln(env.Stdout, strings.TrimRight(n.Text(), "\n"))
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
