FROM ruby:3.3
RUN gem install bundler:2.5.6
