module boxcar/agent

go 1.19
