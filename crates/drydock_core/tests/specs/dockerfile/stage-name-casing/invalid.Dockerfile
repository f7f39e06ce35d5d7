FROM alpine AS Builder
RUN true
FROM alpine
COPY --from=builder /a /a
