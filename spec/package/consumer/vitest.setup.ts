import "tracegrad/testing/setup";
