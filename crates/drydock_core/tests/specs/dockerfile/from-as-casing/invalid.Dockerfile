FROM alpine as base
from alpine AS other
FROM alpine AS ok
