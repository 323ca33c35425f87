package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/ucpobs/ucpobs/codes"
)

// sample is a small catalog with one code with two texts and one text holding a '|'.
var sample = []codes.Code{
	{Value: "000000", Message: "ok", Messages: []string{"ok"}, English: "OK", Category: codes.CategoryOK, Domain: codes.DomainCommon, Source: codes.SourceTable},
	{Value: "103126", Message: "新", Messages: []string{"旧", "新"}, English: "A|B", Category: codes.CategoryApplication, Domain: codes.DomainClient, Source: codes.SourceTable},
	{Value: "104131", Message: "漫游", Messages: []string{"漫游"}, English: "Roaming", Category: codes.CategoryClient, Domain: codes.DomainVoice, Source: codes.SourcePHPSDK},
	{Value: "105130", Message: "30秒", Messages: []string{"30秒"}, English: "Wait", Category: codes.CategoryRateLimit, Domain: codes.DomainSMS, Retryable: true, Source: codes.SourceTable},
}

func TestRenderDoc(t *testing.T) {
	doc := string(renderDoc(sample))
	for _, want := range []string{
		"# Platform return codes\n",
		"(4 codes)",
		"| <a id=\"code-104131\"></a>104131 | 漫游 (source: " + codes.SourcePHPSDK.Description() + ") | Roaming | voice | no |",
		"| [rate_limit](#rate_limit) | 1 | yes | " + codes.CategoryRateLimit.Action() + " |",
		"| [balance](#balance) | 0 | – |",
		"\n## application\n\n**What to do:** " + codes.CategoryApplication.Action() + "\n",
		"| <a id=\"code-103126\"></a>103126 | 新 (also: 旧) | A\\|B | client | no |",
		"| <a id=\"code-105130\"></a>105130 | 30秒 | Wait | sms | yes |",
		"`docs/codes.md#code-100001`",
		"\n## transport\n",
		"its `code` label is `transport`",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("renderDoc output lacks %q:\n%s", want, doc)
		}
	}
	for _, c := range codes.Categories() {
		if !strings.Contains(doc, "\n## "+string(c)+"\n") {
			t.Errorf("renderDoc has no section for %q", c)
		}
	}
}

func TestDocIsFresh(t *testing.T) {
	committed, err := os.ReadFile("../../../docs/codes.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(renderDoc(codes.All()), committed) {
		t.Error("docs/codes.md is stale: run `go generate ./codes`")
	}
}
