module github.com/ucpobs/ucpobs/monitoring

go 1.26.0
