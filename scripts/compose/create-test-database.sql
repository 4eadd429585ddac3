-- Run once by the timescaledb container of docker-compose.yml when its data
-- volume is new. wick's services use the database `wick` (POSTGRES_DB); the
-- integration tests use `test`, as on the CI machine. Both get the
-- timescaledb extension from template1, where the image installs it.
CREATE DATABASE test;
