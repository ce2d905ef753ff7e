# KVM probe: reaching init is all that is asked.
exit 0
