#!/usr/bin/env bash
echo "kernels: placeholder"
