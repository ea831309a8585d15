package desktop

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"sync"
	"testing"
)

// TestNoteReaderCacheUnderLoad renders more documents than the cache
// holds from several goroutines at once, as thumbnails and the page view
// do: evicted documents are closed only when no page of them is being
// drawn, and every render succeeds (run under -race in CI).
func TestNoteReaderCacheUnderLoad(t *testing.T) {
	var docs [][]byte
	for i := 0; i < 2*docCache; i++ {
		img := image.NewGray(image.Rect(0, 0, 850, 1100))
		for x := 0; x < 850; x++ {
			img.SetGray(x, 100+i*10, color.Gray{})
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, b.Bytes())
	}
	r := newIntake(t.TempDir())
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 3*len(docs); k++ {
				d := docs[(g+k)%len(docs)]
				if n, err := r.PageCount("image/png", d); err != nil || n != 1 {
					errs <- err
					return
				}
				img, err := r.Render(context.Background(), "image/png", d, 1, 200)
				if err != nil || img.Bounds().Dx() < 100 {
					errs <- err
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("render under load: %v", err)
	}
	if len(r.docs) > docCache {
		t.Fatalf("cache holds %d documents, limit %d", len(r.docs), docCache)
	}
}
