FROM alpine
MAINTAINER Jane "JD" Doe <jane@example.com>
from alpine
maintainer $USER
